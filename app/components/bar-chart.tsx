/**
 * Stacked bars of orders per day, one colour per warehouse, as inline SVG: no chart library,
 * renders on the server, readable without JavaScript.
 */
import { BlockStack, InlineStack, Text } from "@shopify/polaris";

export interface BarChartProps {
  days: string[];
  rows: { day: string; warehouse: string; n: number }[];
  title: string;
  emptyLabel: string;
}

const PALETTE = ["#2c6ecb", "#e4a11b", "#1f9e6e", "#b9375e", "#6f42c1", "#5c6ac4", "#47c1bf"];
const WIDTH = 560;
const HEIGHT = 160;
const AXIS = 18;

export function BarChart({ days, rows, title, emptyLabel }: BarChartProps) {
  const series = [...new Set(rows.map((r) => r.warehouse))].sort();
  const totals = days.map((d) => rows.filter((r) => r.day === d).reduce((s, r) => s + r.n, 0));
  const max = Math.max(1, ...totals);
  const slot = WIDTH / Math.max(1, days.length);
  const barWidth = Math.max(4, slot * 0.6);
  if (rows.length === 0) {
    return (
      <Text as="p" tone="subdued">
        {emptyLabel}
      </Text>
    );
  }
  return (
    <BlockStack gap="200">
      <svg role="img" aria-label={title} viewBox={`0 0 ${WIDTH} ${HEIGHT + AXIS}`} width="100%" style={{ maxWidth: WIDTH }}>
        <title>{title}</title>
        {days.map((day, i) => {
          let y = HEIGHT;
          return (
            <g key={day}>
              {series.map((name, s) => {
                const n = rows.find((r) => r.day === day && r.warehouse === name)?.n ?? 0;
                if (!n) return null;
                const h = (n / max) * (HEIGHT - 10);
                y -= h;
                return (
                  <rect key={name} x={i * slot + (slot - barWidth) / 2} y={y} width={barWidth} height={h} fill={PALETTE[s % PALETTE.length]}>
                    <title>{`${day} · ${name}: ${n}`}</title>
                  </rect>
                );
              })}
              {(i % Math.ceil(days.length / 7) === 0 || i === days.length - 1) && (
                <text x={i * slot + slot / 2} y={HEIGHT + 13} fontSize="10" textAnchor="middle" fill="#616161">
                  {day.slice(5)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <InlineStack gap="300">
        {series.map((name, s) => (
          <InlineStack key={name} gap="100" blockAlign="center">
            <svg width="10" height="10" aria-hidden>
              <rect width="10" height="10" fill={PALETTE[s % PALETTE.length]} />
            </svg>
            <Text as="span" variant="bodySm">
              {name}
            </Text>
          </InlineStack>
        ))}
      </InlineStack>
    </BlockStack>
  );
}
