// Entry for workerd (Cloudflare Workers): runs the flow on each request, config in the query.
import { runFlow } from "./consumer.mjs";

export default {
  async fetch(request) {
    const config = JSON.parse(new URL(request.url).searchParams.get("config"));
    try {
      return Response.json({ passed: await runFlow(config) });
    } catch (error) {
      return Response.json({ error: String(error?.stack ?? error) }, { status: 500 });
    }
  },
};
