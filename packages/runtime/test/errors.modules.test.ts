// One app can load this package twice: its ESM build and its CommonJS build
// (a CJS dependency beside ESM code). An error from either copy must still
// pass `instanceof` checks and the guards of the other.
import { createRequire } from "node:module";
import { describe, expect, expectTypeOf, it } from "vitest";
import * as esm from "../dist/index.js";
import type { ApiError, NotFoundError, SynclineError } from "../src/index";

const cjs = createRequire(import.meta.url)("../dist/index.cjs") as typeof esm;

describe("errors across module formats", () => {
  it("the two builds are distinct copies of the classes", () => {
    expect(cjs.NotFoundError).not.toBe(esm.NotFoundError);
  });

  it("a CommonJS error is instanceof the ESM classes along its own chain, and of no other", () => {
    const error = cjs.apiErrorFrom({ status: 404, headers: new Headers(), body: { error: "gone" } });
    expect(error).toBeInstanceOf(esm.NotFoundError);
    expect(error).toBeInstanceOf(esm.ApiError);
    expect(error).toBeInstanceOf(esm.SynclineError);
    expect(error).not.toBeInstanceOf(esm.ConflictError);
    expect(error).not.toBeInstanceOf(esm.TimeoutError);
    expect(esm.isApiError(error)).toBe(true);
    expect(esm.isSynclineError(error)).toBe(true);
  });

  it("and the other way round, for errors that are not API errors", () => {
    const error = new esm.TimeoutError(100, "GET https://x");
    expect(error).toBeInstanceOf(cjs.TimeoutError);
    expect(error).toBeInstanceOf(cjs.SynclineError);
    expect(cjs.isApiError(error)).toBe(false);
    expect(cjs.isSynclineError(error)).toBe(true);
  });

  it("plain errors and look-alikes without the brand are not Syncline errors", () => {
    const lookalike = Object.assign(new Error("x"), { name: "NotFoundError", status: 404 });
    expect(lookalike).not.toBeInstanceOf(esm.NotFoundError);
    expect(esm.isSynclineError(lookalike)).toBe(false);
    expect(esm.isSynclineError(null)).toBe(false);
  });

  it("name and status are literal types, so they narrow", () => {
    expectTypeOf<NotFoundError["name"]>().toEqualTypeOf<"NotFoundError">();
    expectTypeOf<NotFoundError["status"]>().toEqualTypeOf<404>();
    const narrow = (error: SynclineError) => {
      if (esm.isApiError(error)) expectTypeOf(error.status).toEqualTypeOf<number>();
      if (error instanceof esm.NotFoundError) expectTypeOf(error.status).toEqualTypeOf<404>();
      return error.name === "TimeoutError";
    };
    expect(narrow(new esm.TimeoutError(1, "x"))).toBe(true);
    expectTypeOf<ApiError["name"]>().not.toEqualTypeOf<string>();
  });
});
