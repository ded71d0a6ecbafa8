import { httpStatusOf } from "./http-status.js";

describe("httpStatusOf", () => {
  it("reads `code` (request errors) and `statusCode` (watch errors)", () => {
    expect(httpStatusOf(Object.assign(new Error("x"), { code: 404 }))).toBe(404);
    expect(httpStatusOf(Object.assign(new Error("x"), { statusCode: 410 }))).toBe(410);
    expect(httpStatusOf({ code: 100 })).toBe(100);
    expect(httpStatusOf({ code: 599 })).toBe(599);
  });

  it("ignores string codes, numbers that are no HTTP status, and non-objects", () => {
    expect(httpStatusOf(Object.assign(new Error("x"), { code: "ECONNREFUSED" }))).toBeUndefined();
    expect(httpStatusOf(Object.assign(new Error("x"), { code: 7 }))).toBeUndefined();
    expect(httpStatusOf(Object.assign(new Error("x"), { code: 600 }))).toBeUndefined();
    expect(httpStatusOf("404")).toBeUndefined();
    expect(httpStatusOf(null)).toBeUndefined();
    expect(httpStatusOf(undefined)).toBeUndefined();
    expect(httpStatusOf({ code: 99 })).toBeUndefined();
  });
});
