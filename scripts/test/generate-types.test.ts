// Types that match the wire: a readOnly field is not sent, a writeOnly one is
// not received, a field with a default is optional, and a discriminator
// without a mapping compiles. Checked by compiling what a caller writes.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { generatedFixture, repoRoot, typeErrors } from "./helpers";

const spec = readFileSync(path.join(repoRoot, "scripts/test/fixtures/wire-types.yaml"), "utf8");
let outDir: string;

beforeAll(async () => {
  ({ outDir } = await generatedFixture(spec));
});

describe("types that match the wire", () => {
  it("a request leaves out readOnly fields and may leave out defaults; an answer leaves out writeOnly fields", () => {
    writeFileSync(
      path.join(outDir, "usage.ts"),
      `import { createDemoClient, type Animal, type Pet } from "./client";
const pets = createDemoClient({ accessToken: "t" }).pets;
export async function usage() {
  // size has a default: the server fills it.
  const created = await pets.create({ requestBody: { name: "Rex", kind: "dog", password: "p" } });
  const id: string | undefined = created.id;
  // @ts-expect-error the server sets id (readOnly): a request cannot
  await pets.create({ requestBody: { name: "Rex", kind: "dog", id: "x" } });
  // @ts-expect-error password is writeOnly: an answer never has it
  created.password;
  // The readable schema name is what an answer holds.
  const stored: Pet = created;
  const animals: Animal[] = await pets.animals();
  const kinds = animals.map((animal) => animal.kind);
  return [id, stored, kinds];
}
`,
    );
    expect(typeErrors([path.join(outDir, "client.ts"), path.join(outDir, "operations.ts"), path.join(outDir, "usage.ts")])).toEqual([]);
  });

  it("a request's @example leaves out the readOnly fields of the schema's example, so it compiles", () => {
    const client = readFileSync(path.join(outDir, "client.ts"), "utf8");
    const example = client.match(/\* (await demo\.pets\.create\(.*\);)/)?.[1];
    expect(example).toBe('await demo.pets.create({ requestBody: { name: "Rex", kind: "dog" } });');
    writeFileSync(
      path.join(outDir, "example.ts"),
      `import { createDemoClient } from "./client";\nconst demo = createDemoClient({ accessToken: "t" });\nexport const run = async () => {\n  ${example}\n};\n`,
    );
    expect(typeErrors([path.join(outDir, "client.ts"), path.join(outDir, "operations.ts"), path.join(outDir, "example.ts")])).toEqual([]);
  });
});
