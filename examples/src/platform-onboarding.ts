// Onboarding from zero: check the integration is enabled, create a company for
// your customer, and a connection its owner authorizes at the returned linkUrl.
import type { PlatformClient } from "@syncline/platform";

export interface Onboarding {
  companyId: string;
  connectionId: string;
  /** Send the company's owner here to authorize the connection. */
  linkUrl: string;
  /** The integration's logo, to show beside the link. */
  logoUrl: string;
}

export async function onboard(platform: PlatformClient, companyName: string, platformKey = "gbol"): Promise<Onboarding> {
  const integration = await platform.integrations.get({ platformKey });
  if (!integration.enabled) throw new Error(`${integration.name} is not enabled for your Codat instance`);
  const company = await platform.companies.create({ requestBody: { name: companyName, tags: { source: "onboarding" } } });
  const connection = await platform.connections.create({ companyId: company.id, requestBody: { platformKey } });
  return { companyId: company.id, connectionId: connection.id, linkUrl: connection.linkUrl, logoUrl: integration.logoUrl };
}
