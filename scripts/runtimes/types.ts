// The consumer's types, checked with the oldest TypeScript we support (see README).
import { createCommerceClient, NotFoundError, type Connection } from "@syncline/commerce";
import { createPowensClient, type ConnectionExpand } from "@syncline/powens";

const commerce = createCommerceClient({ apiKey: "k" });
export async function typed(): Promise<Connection | undefined> {
  const expand: ConnectionExpand[] = ["connector"];
  await createPowensClient({ accessToken: "t" }).connections.listUserConnections({ expand });
  try {
    return await commerce.connections.get({ companyId: "c", connectionId: "x" });
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}
