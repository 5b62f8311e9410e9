// The Platform flow: list a company's connections, keep the Linked ones,
// unlink each, and get the URL the customer opens to re-authorize it.
import type { PlatformClient } from "@syncline/platform";

export async function relinkAll(platform: PlatformClient, companyId: string): Promise<{ connectionId: string; url: string }[]> {
  const relinks: { connectionId: string; url: string }[] = [];
  for await (const connection of platform.connections.listAll({ companyId, query: "status=Linked" })) {
    if (connection.status !== "Linked") continue; // belt and braces: the query already filters
    await platform.connections.unlink({ companyId, connectionId: connection.id });
    const { url } = await platform.connections.getAuthorizationUrl({ companyId, connectionId: connection.id });
    relinks.push({ connectionId: connection.id, url });
  }
  return relinks;
}
