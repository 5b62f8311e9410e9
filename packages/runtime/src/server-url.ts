/**
 * Fills a server URL template such as `https://{domain}.biapi.pro/{version}`.
 * Each value is checked for where it goes, so that no value can send the
 * client elsewhere ("evil.com/x?", "../admin"). (The client then checks the
 * whole URL.) Generated clients call the two checks below themselves, each
 * where its variable is: an app whose API has variables in the host only
 * bundles only that check.
 */
export function serverUrl(template: string, values: Record<string, string>): string {
  const pathStart = template.indexOf("/", template.indexOf("//") + 2);
  return template.replace(/\{([^{}]+)\}/g, (_, name: string, offset: number) => {
    const inPath = pathStart !== -1 && offset > pathStart;
    return (inPath ? serverPathPart : serverHostPart)(name, values[name] ?? "");
  });
}

/** A server variable's value in the host (or the port): letters, digits, and hyphens or dots between them. */
export function serverHostPart(name: string, value: string): string {
  if (!/^[a-z\d]+([.-]+[a-z\d]+)*$/i.test(value)) {
    throw new TypeError(`${name} must be letters, digits, hyphens and dots (a host name), got ${JSON.stringify(value)}`);
  }
  return value;
}

/** A server variable's value in the path: one or more path segments, none of them "." or "..". */
export function serverPathPart(name: string, value: string): string {
  if (!value.split("/").every((segment) => /^[\w.~-]+$/.test(segment) && !/^\.{1,2}$/.test(segment))) {
    throw new TypeError(`${name} must be path segments (letters, digits, . _ ~ -), got ${JSON.stringify(value)}`);
  }
  return value;
}
