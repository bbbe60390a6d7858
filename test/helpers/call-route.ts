/**
 * Calls a Remix loader or action the way Remix does; a thrown Response (a redirect, a 404) comes back
 * as the result, so tests can assert on it like on any other answer.
 */
export async function callRoute(handler: unknown, request: Request, params: Record<string, string> = {}): Promise<unknown> {
  try {
    return await (handler as (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => Promise<unknown>)({ request, params, context: {} });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}
