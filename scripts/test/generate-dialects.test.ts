// Vendors mix the dialects of OpenAPI 3.0 and 3.1, and write schemas our own
// specs do not: each below generates the types its author meant
// (normalize-spec.mjs rewrites what openapi-typescript would misread),
// checked by compiling what a caller writes.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { generatedFixture, repoRoot, run, typeErrors } from "./helpers";

const spec = (version: string, nullableName: string) => `openapi: ${version}
info: { title: Demo, version: "1" }
servers: [{ url: https://api.demo.example }]
paths:
  /trees:
    get:
      operationId: trees_get
      responses:
        "200":
          description: A tree.
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Tree" }
        "400":
          description: UK Open Banking's error, named as openapi-typescript spells it (ObError1).
          content:
            application/json:
              schema: { $ref: "#/components/schemas/OBError1" }
        "500":
          description: OpenAI's error schema is named Error, as the global is.
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Error" }
components:
  schemas:
    Error:
      type: object
      properties:
        message: { type: string }
    OBError1:
      type: object
      properties:
        Code: { type: string }
    Tree:
      $recursiveAnchor: true
      type: object
      properties:
        name: ${nullableName}
        kids:
          type: array
          items:
            anyOf:
              - $recursiveRef: "#"
              - type: string
    Base:
      type: object
      nullable: true
      properties:
        id: { type: string }
    Item:
      required: [id]
      allOf: [{ $ref: "#/components/schemas/Base" }]
    Message:
      oneOf:
        - $ref: "#/components/schemas/UserMessage"
        - $ref: "#/components/schemas/SystemMessage"
      discriminator: { propertyName: role }
    UserMessage:
      type: object
      required: [role, content]
      properties:
        role: { type: string, enum: [user] }
        content: { type: string }
    SystemMessage:
      type: object
      required: [role, content]
      properties:
        role: { type: string, const: system }
        content: { type: string }
    Node:
      $dynamicAnchor: node
      type: object
      properties:
        next: { $dynamicRef: "#node" }
`;

const usage = `import type { Item, Message, Node, Tree } from "./schema";
export const tree: Tree = { name: null, kids: [{ name: "a", kids: ["leaf"] }] };
// @ts-expect-error a kid is a tree or a string
export const wrongKid: Tree = { kids: [{ kids: [1] }] };
// @ts-expect-error name is a string or null
export const wrongName: Tree = { name: 1 };
export const chain: Node = { next: { next: {} } };
// @ts-expect-error next is a node
export const wrongNext: Node = { next: 1 };
// allOf over a nullable base, with a field made required (Plaid's style).
export const item: Item = { id: "x" };
export const none: Item = null;
// @ts-expect-error id is required
export const noId: Item = {};
// A discriminator without a mapping, each variant fixing its value (OpenAI's messages).
export const messages: Message[] = [{ role: "user", content: "hi" }, { role: "system", content: "be brief" }];
// @ts-expect-error no variant has the role "robot"
export const robot: Message = { role: "robot", content: "beep" };
`;

describe("mixed dialects", () => {
  it.each([
    ["3.1 with 3.0's nullable", "3.1.0", "{ type: string, nullable: true }"],
    ["3.0 with 3.1's type arrays", "3.0.3", '{ type: [string, "null"] }'],
  ])(
    "%s, $recursiveRef, $dynamicRef, allOf over a nullable base, a discriminator without a mapping, error schemas named in capitals or as a global: the types the author meant, lint-clean",
    async (_name, version, nullableName) => {
      const { outDir } = await generatedFixture(spec(version, nullableName));
      writeFileSync(path.join(outDir, "usage.ts"), usage);
      expect(typeErrors(["usage.ts", "client.ts", "operations.ts"].map((file) => path.join(outDir, file)))).toEqual([]);
      // The generated code passes our own lint and formatter: a schema named Error does not shadow the global.
      const biome = run(
        path.join(repoRoot, "node_modules/.bin/biome"),
        ["check", "--vcs-enabled=false", `--config-path=${path.join(repoRoot, "biome.jsonc")}`, "client.ts", "operations.ts"],
        outDir,
      );
      expect(biome.code, biome.stdout + biome.stderr).toBe(0);
    },
  );
});
