// The flow a user runs, written once for every JavaScript runtime (web APIs only):
// create and list Codat connections (one injected 503 ridden out), page through
// them, a typed 404, a caller's abort, and a Powens bank connection.
import { createCommerceClient, NotFoundError } from "@syncline/commerce";
import { createPowensClient } from "@syncline/powens";

const companyId = "8a210b68-6988-11ed-a1eb-0242ac120002";

/** Runs the flow against the mock; resolves with the names of the steps that passed, or throws naming the one that failed. */
export async function runFlow({ codatUrl, powensUrl, apiKey, accessToken }) {
  const passed = [];
  const check = (step, ok) => {
    if (!ok) throw new Error(`step failed: ${step}`);
    passed.push(step);
  };

  const commerce = createCommerceClient({ apiKey, baseUrl: codatUrl, retries: { backoff: { initialInterval: 1 } } });
  const created = await commerce.connections.create({ companyId, requestBody: { platformKey: "gbol" } });
  check("create", created.status === "PendingAuth");
  const page = await commerce.connections.list({ companyId }, { headers: { "x-mock-fault": "503" } });
  check(
    "list, retried past a 503",
    page.results.some((connection) => connection.id === created.id),
  );
  let seen = 0;
  for await (const _ of commerce.connections.listAll({ companyId, pageSize: 1 })) seen++;
  check("listAll", seen === page.totalResults);
  const missing = await commerce.connections.get({ companyId, connectionId: "00000000-0000-0000-0000-000000000000" }).catch((error) => error);
  check("typed 404", missing instanceof NotFoundError && missing.status === 404);
  const aborted = await commerce.connections.list({ companyId }, { signal: AbortSignal.abort() }).catch((error) => error);
  check("abort", aborted?.name === "RequestAbortedError");

  const powens = createPowensClient({ accessToken, baseUrl: powensUrl });
  const bank = await powens.connections.createUserConnection({
    requestBody: { connector_uuid: "338178e6-3d01-564f-9a7b-52ca442459bf", username: "test", password: "hello" },
  });
  const { connections } = await powens.connections.listUserConnections({ expand: ["connector"] });
  check(
    "powens",
    connections.some((connection) => connection.id === bank.id),
  );
  return passed;
}
