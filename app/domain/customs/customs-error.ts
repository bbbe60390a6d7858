import { CorridorError } from "../../lib/errors";

/**
 * A quote cannot be made from the data given (unknown destination, no duty rate for an HS code, no
 * FX rate for the date). Retrying cannot help: the data has to be completed first.
 */
export class CustomsDataError extends CorridorError {
  constructor(code: "UNSUPPORTED_DESTINATION" | "DUTY_RATE_MISSING" | "FX_RATE_MISSING" | "INVALID_QUOTE_INPUT", message: string, merchantMessage: string) {
    super(code, message, { retryable: false, merchantMessage });
  }
}
