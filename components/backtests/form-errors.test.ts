import { describe, expect, it } from "vitest";
import { errorsByField } from "./form-errors";

const KNOWN = ["start", "end", "symbols"];

describe("errorsByField", () => {
  it("groups dotted paths under their field and keeps the rest for the form", () => {
    const errors = errorsByField(
      {
        fields: { "symbols.1": ["must be BASE/QUOTE"], start: ["must be before end"], "request.x": ["is not a recognised field"] },
        details: { end: "must not be in the future", lines: [1, 2] },
      },
      KNOWN,
    );
    expect(errors).toEqual({
      symbols: ["must be BASE/QUOTE"],
      start: ["must be before end"],
      end: ["must not be in the future"],
      _form: ["request.x: is not a recognised field"],
    });
  });

  it("does not repeat a message sent in both places", () => {
    expect(errorsByField({ fields: { start: ["bad"] }, details: { start: "bad" } }, KNOWN)).toEqual({ start: ["bad"] });
  });
});
