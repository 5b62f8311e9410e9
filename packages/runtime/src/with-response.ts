// The whole answer of one typed call, when the data is not all a caller needs: a module of its
// own, so apps that never ask for it bundle none of it.
import type { OperationClient } from "./operation-client";

/**
 * Calls an operation function (or a client method's function form) and gives its data with the
 * response it came in: the status (200 or 201), the headers (rate limits, request id) and the URL.
 * The body is read already (`data` is it, decoded); an error status still throws its typed error,
 * which carries the same status and headers.
 *
 * @example
 * const { data, response } = await withResponse(connectionsCreate, core, { companyId, requestBody: { platformKey: "gbol" } });
 * response.status; // 200
 * response.headers.get("x-rate-limit-remaining");
 */
export async function withResponse<Args extends unknown[], T>(
  operation: (client: OperationClient, ...args: Args) => Promise<T>,
  client: OperationClient,
  ...args: Args
): Promise<{ data: T; response: Response }> {
  let response: Response | undefined;
  // The same client, whose `call` keeps the response of the one call the operation makes.
  const keeping: OperationClient = {
    baseUrl: client.baseUrl,
    callWithResponse: client.callWithResponse,
    async call<V>(...callArgs: Parameters<OperationClient["call"]>) {
      const answer = await client.callWithResponse<V>(...callArgs);
      response = answer.response;
      return answer.value;
    },
  };
  const data = await operation(keeping, ...args);
  if (!response) throw new TypeError("withResponse: the operation made no call through its client");
  return { data, response };
}
