import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sha256Hex } from "./sha256";

async function webCryptoHex(data: Uint8Array): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest("SHA-256", new Uint8Array(data));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

describe("sha256Hex", () => {
  it("matches the FIPS 180-4 test vectors", () => {
    expect(sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")).toBe("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    expect(sha256Hex("a".repeat(1_000_000))).toBe("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  });
  it("agrees with WebCrypto on random inputs, including every padding boundary", async () => {
    for (let n = 0; n <= 130; n++) {
      const bytes = new Uint8Array(n).map((_, i) => (i * 31 + n) & 0xff);
      expect(sha256Hex(bytes)).toBe(await webCryptoHex(bytes));
    }
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (bytes) => {
        expect(sha256Hex(bytes)).toBe(await webCryptoHex(bytes));
      }),
      { numRuns: 300 },
    );
  });
  it("hashes strings as UTF-8", async () => {
    expect(sha256Hex("₹ चिज़े")).toBe(await webCryptoHex(new TextEncoder().encode("₹ चिज़े")));
  });
});
