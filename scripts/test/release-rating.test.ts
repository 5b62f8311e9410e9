// The release gate rates a spec change as a caller of the generated client
// meets it. Each edit below is made to one fixture spec, rated by the consumer
// diff, and checked against reality: the client is generated from the edited
// spec and a consumer written against the original is type-checked. An edit
// that stops the consumer compiling must be rated breaking.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { consumerChanges, impactOf } from "../lib/consumer-diff.mjs";
import { generatedFixture, repoRoot, typeErrorsByFile } from "./helpers";

const baseFile = path.join(repoRoot, "scripts/test/fixtures/release/widgets.yaml");
const base = readFileSync(baseFile, "utf8");

/** Code written against the original client: it sends every parameter and reads every field. */
const consumer = `import { createDemoClient, type Widget } from "./client";
import type { GetWidgetResponse } from "./operations";

const client = createDemoClient({ apiKey: "key" });

export async function consume(): Promise<string[]> {
  const widgets: Widget[] = await client.widgets.list({ status: "active", limit: 10, "x-request-tag": "tag" });
  const seen: string[] = [];
  for (const widget of widgets) {
    const status: "active" | "archived" = widget.status;
    const size: number | undefined = widget.size;
    const color: string | undefined = widget.color;
    seen.push(widget.id, widget.name.toUpperCase(), status, String(size), color ?? "");
  }
  const created = await client.widgets.create({ requestBody: { name: "gear", size: 3, color: "red" } });
  const one: GetWidgetResponse = await client.widgets.get({ widgetId: created.id });
  await client.widgets.delete({ widgetId: one.id });
  return seen;
}
`;

const widgetProperties = "        color:\n          type: string\n    NewWidget:";
const limitParam = "        - name: limit\n          in: query\n          schema:\n            type: integer\n            maximum: 100\n";
const headerParam = "        - name: x-request-tag\n          in: header\n          schema:\n            type: string\n";
const queryParam = (name: string, required: boolean) =>
  `        - name: ${name}\n          in: query\n          required: ${required}\n          schema:\n            type: string\n`;
const deleteOperation = base.slice(base.indexOf("    delete:\n"), base.indexOf("components:\n"));

// [edit, the bump it needs, from, to]: `from` occurs once in the fixture.
const EDITS: [string, "major" | "minor" | "patch", string, string][] = [
  [
    "operation added",
    "minor",
    "components:\n",
    '  /widgets/{widgetId}/archive:\n    post:\n      operationId: archive-widget\n      x-syncline-method: archive\n      tags: [Widgets]\n      parameters:\n        - name: widgetId\n          in: path\n          required: true\n          schema:\n            type: string\n      responses:\n        "204":\n          description: Archived.\ncomponents:\n',
  ],
  ["operation removed", "major", deleteOperation, ""],
  ["operation's method renamed", "major", "x-syncline-method: get\n", "x-syncline-method: fetch\n"],
  ["operationId renamed", "major", "operationId: get-widget", "operationId: fetch-widget"],
  ["path parameter renamed", "major", "/widgets/{widgetId}:\n    parameters:\n      - name: widgetId", "/widgets/{id}:\n    parameters:\n      - name: id"],
  ["optional query parameter added", "minor", limitParam, limitParam + queryParam("owner", false)],
  ["required query parameter added", "major", limitParam, limitParam + queryParam("owner", true)],
  ["query parameter removed", "major", limitParam, ""],
  [
    "query parameter made required",
    "major",
    "          in: query\n          schema:\n            type: integer",
    "          in: query\n          required: true\n          schema:\n            type: integer",
  ],
  [
    "optional header parameter added",
    "minor",
    headerParam,
    `${headerParam}        - name: x-trace\n          in: header\n          schema:\n            type: string\n`,
  ],
  [
    "required header parameter added",
    "major",
    headerParam,
    `${headerParam}        - name: x-tenant\n          in: header\n          required: true\n          schema:\n            type: string\n`,
  ],
  ["header parameter removed", "major", headerParam, ""],
  ["enum value added (read in answers)", "major", "enum: [active, archived]", "enum: [active, archived, deleted]"],
  ["enum value removed", "major", "enum: [active, archived]", "enum: [active]"],
  [
    "property type changed",
    "major",
    "        size:\n          type: integer\n        color:\n          type: string\n    NewWidget:",
    "        size:\n          type: string\n        color:\n          type: string\n    NewWidget:",
  ],
  ["answer property added", "minor", widgetProperties, "        color:\n          type: string\n        weight:\n          type: number\n    NewWidget:"],
  [
    "answer property removed",
    "major",
    "        size:\n          type: integer\n        color:\n          type: string\n    NewWidget:",
    "        size:\n          type: integer\n    NewWidget:",
  ],
  ["answer property made optional", "major", "required: [id, name, status]", "required: [id, status]"],
  ["answer property made required", "minor", "required: [id, name, status]", "required: [id, name, status, color]"],
  ["request property added, optional", "minor", "          maxLength: 200\n", "          maxLength: 200\n        weight:\n          type: number\n"],
  [
    "request property added, required",
    "major",
    "      required: [name]\n      properties:\n",
    "      required: [name, weight]\n      properties:\n        weight:\n          type: number\n",
  ],
  ["request property removed", "major", "          maxLength: 200\n        size:\n          type: integer\n", "          maxLength: 200\n"],
  ["request limit tightened", "major", "maxLength: 200", "maxLength: 20"],
  ["request limit loosened", "patch", "maxLength: 200", "maxLength: 2000"],
  [
    "error response added",
    "minor",
    '        "204":\n          description: Deleted.\n',
    '        "204":\n          description: Deleted.\n        "404":\n          $ref: "#/components/responses/Error"\n',
  ],
  ["success status changed, same body", "patch", '        "201":\n          description: Created.', '        "200":\n          description: Created.'],
  [
    "answer media type changed to another kind",
    "major",
    "          description: A widget.\n          content:\n            application/json:",
    "          description: A widget.\n          content:\n            application/octet-stream:",
  ],
  [
    "request media type changed, same kind",
    "patch",
    "      requestBody:\n        required: true\n        content:\n          application/json:",
    "      requestBody:\n        required: true\n        content:\n          application/x-www-form-urlencoded:",
  ],
  ["security scheme's header renamed", "patch", "name: X-API-Key", "name: X-Widgets-Key"],
  ["second required security scheme", "major", "security:\n  - apiKey: []\n", "security:\n  - apiKey: []\n    bearer: []\n"],
  ["server URL changed", "minor", "url: https://api.example.com/v1", "url: https://api.example.com/v2"],
  [
    "server variable added, with a default",
    "minor",
    "url: https://api.example.com/v1",
    "url: https://{region}.example.com/v1\n    variables:\n      region:\n        default: eu",
  ],
  ["operation deprecated", "minor", "      summary: Delete a widget\n", "      summary: Delete a widget\n      deprecated: true\n"],
  ["description edited", "patch", "description: Lists widgets.", "description: Lists every widget, newest first."],
];

const edited = new Map<string, { file: string; consumerFile: string }>();

beforeAll(async () => {
  for (const [name, , from, to] of EDITS) {
    expect(base.split(from).length - 1, `${name}: the edit's text occurs once`).toBe(1);
    let spec = base.replace(from, to);
    // The bearer scheme the "second required security scheme" edit asks for.
    if (spec.includes("bearer: []")) spec = spec.replace("  securitySchemes:\n", "  securitySchemes:\n    bearer:\n      type: http\n      scheme: bearer\n");
    const { dir, outDir } = await generatedFixture(spec);
    const consumerFile = path.join(outDir, "consumer.ts");
    writeFileSync(consumerFile, consumer);
    edited.set(name, { file: path.join(dir, "spec.yaml"), consumerFile });
  }
}, 120_000);

describe("the release gate's rating of each spec edit, against a consumer that type-checks", () => {
  let errors: Map<string, string[]>;
  beforeAll(async () => {
    const { outDir } = await generatedFixture(base);
    writeFileSync(path.join(outDir, "consumer.ts"), consumer);
    errors = typeErrorsByFile([path.join(outDir, "consumer.ts"), ...[...edited.values()].map((e) => e.consumerFile)]);
    // The consumer compiles against the unedited client: every failure below is the edit's.
    expect(errors.get(path.join(outDir, "consumer.ts")) ?? []).toEqual([]);
  }, 60_000);

  it(`covers at least 25 edits (${EDITS.length})`, () => {
    expect(EDITS.length).toBeGreaterThanOrEqual(25);
  });

  it.each(EDITS.map(([name, bump]) => [name, bump]))("%s -> %s", async (name, bump) => {
    const { file, consumerFile } = edited.get(name) as { file: string; consumerFile: string };
    const changes = await consumerChanges(baseFile, file);
    const rated = { breaking: "major", additive: "minor", patch: "patch", none: "none" }[impactOf(changes)];
    const broken = errors.get(consumerFile) ?? [];
    expect({ rated, changes: changes.map((c) => `${c.text}: ${c.impact}`) }).toMatchObject({ rated: bump });
    // What no longer compiles for a caller is breaking, whatever the spec diff says.
    if (broken.length > 0) expect(rated, broken.join("\n")).toBe("major");
  });
});

describe("changes in words", () => {
  it("names the operation, the parameter or the schema field", async () => {
    const words = async (name: string) => (await consumerChanges(baseFile, edited.get(name)?.file as string)).map((c) => `${c.text}: ${c.impact}`);
    expect(await words("path parameter renamed")).toEqual(expect.arrayContaining(["widgets.get: path parameter widgetId renamed id: breaking"]));
    expect(await words("answer property removed")).toEqual(["Widget.color removed: breaking"]);
    expect(await words("required query parameter added")).toEqual(["widgets.list: new required query parameter owner: breaking"]);
    expect(await words("enum value added (read in answers)")).toEqual(["Status: new enum value deleted: breaking"]);
    expect(await words("operation added")).toEqual(["widgets.archive: new operation (POST /widgets/{widgetId}/archive): additive"]);
  });
});
