// Type-check cost for a consumer: `tsc --noEmit`, strict, skipLibCheck false,
// of a file calling every method of our four clients, vs the same calls made
// with Codat's SDKs (Commerce's five and Platform's six connection methods;
// Powens has no published TypeScript SDK to compare with).
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { median } from "./stats.mjs";

const benchDir = fileURLToPath(new URL("..", import.meta.url));
const tsc = path.join(benchDir, "../node_modules/typescript/bin/tsc");

const syncline = `import { createCommerceClient } from "@syncline/commerce";
import { createPayablesClient } from "@syncline/payables";
import { createPlatformClient } from "@syncline/platform";
import { createPowensClient } from "@syncline/powens";
const companyId = "c", connectionId = "x", ids = { companyId, connectionId };
export async function all() {
  const c = createCommerceClient({ apiKey: "k" }).connections;
  await c.create({ companyId, requestBody: { platformKey: "gbol" } });
  await c.getSyncFlowUrl({ commerceKey: "a", accountingKey: "b" });
  await c.list({ companyId, page: 1 });
  for await (const x of c.listAll({ companyId })) void x.status;
  await c.get(ids); await c.delete(ids); await c.unlink(ids);
  await c.updateConnection({ ...ids, requestBody: { status: "Linked" } });
  await c.updateAuthorization({ ...ids, requestBody: { k: "v" } });
  const p = createPayablesClient({ apiKey: "k" }).connections;
  await p.list({ companyId }); await p.create({ companyId }); await p.get(ids); await p.delete(ids); await p.unlink(ids);
  for await (const x of p.listAll({ companyId })) void x.id;
  const l = createPlatformClient({ apiKey: "k" }).connections;
  await l.list({ companyId }); await l.create({ companyId }); await l.get(ids); await l.delete(ids); await l.unlink(ids);
  await l.updateAuthorization({ ...ids, requestBody: { k: "v" } }); await l.getAuthorizationUrl(ids);
  for await (const x of l.listAll({ companyId })) void x.id;
  const w = createPowensClient({ accessToken: "t" }).connections;
  await w.createUserConnection({ requestBody: { connector_uuid: "u" } }); await w.listUserConnections({ expand: ["connector"] });
  await w.getUserConnection({ connectionId: 1 }); await w.updateSyncUserConnection({ connectionId: 1 });
  await w.deleteUserConnection({ connectionId: 1 }); await w.openWebAuth({ client_id: 1, token: "t", redirect_uri: "https://e" });
  w.webauthUrl({ client_id: 1, token: "t", redirect_uri: "https://e" });
}
`;

const codat = `import { CodatSyncCommerce } from "@codat/sync-for-commerce";
import { CodatPlatform } from "@codat/platform";
const companyId = "c", connectionId = "x";
export async function all() {
  const c = new CodatSyncCommerce({ authHeader: "Basic k" }).connections;
  await c.create({ companyId, requestBody: { platformKey: "gbol" } });
  await c.getSyncFlowUrl({ commerceKey: "a", accountingKey: "b" });
  await c.list({ companyId, page: 1 });
  await c.updateConnection({ companyId, connectionId, updateConnection: { status: "Linked" } } as never);
  await c.updateAuthorization({ companyId, connectionId, requestBody: { k: "v" } });
  const l = new CodatPlatform({ authHeader: "Basic k" }).connections;
  await l.list({ companyId }); await l.create({ companyId }); await l.get({ companyId, connectionId });
  await l.delete({ companyId, connectionId }); await l.unlink({ companyId, connectionId } as never);
  await l.updateAuthorization({ companyId, connectionId, requestBody: { k: "v" } });
}
`;

/**
 * The smoke run passes `withCodat: false`, checking our consumer alone (the Codat one reads only
 * pinned SDKs, so it cannot rot), and `libCheck: false`: it still fails when a method the consumer
 * calls is gone, in a third of the time. The measured run checks every declaration file.
 */
export function typecheckCost({ runs, withCodat = true, libCheck = true }) {
  const dir = mkdtempSync(path.join(benchDir, ".typecheck-"));
  try {
    const rows = [];
    const consumers = [["Syncline (4 clients, 30 methods)", syncline]];
    if (withCodat) consumers.push(["Codat SDKs (2 SDKs, 11 methods)", codat]);
    for (const [name, source] of consumers) {
      const file = path.join(dir, `${rows.length}.ts`);
      writeFileSync(file, source);
      const config = path.join(dir, `tsconfig.${rows.length}.json`);
      writeFileSync(
        config,
        JSON.stringify({
          compilerOptions: {
            target: "es2022",
            module: "esnext",
            moduleResolution: "bundler",
            strict: true,
            noEmit: true,
            skipLibCheck: !libCheck,
            lib: ["es2022", "dom"],
            types: [],
          },
          files: [file],
        }),
      );
      const times = [];
      let files = 0;
      for (let run = 0; run < runs; run++) {
        const started = performance.now();
        const out = execFileSync(process.execPath, [tsc, "-p", config, "--listFilesOnly"], { encoding: "utf8" });
        files = out.split("\n").filter(Boolean).length;
        execFileSync(process.execPath, [tsc, "-p", config], { stdio: "pipe" });
        times.push(performance.now() - started);
      }
      rows.push({ name, medianMs: median(times), files });
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
