export {
  API_NAMES,
  DEFAULT_ACCESS_TOKEN,
  DEFAULT_API_KEY,
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  startMockServer,
  type ApiName,
  type MockServer,
  type MockServerOptions,
} from "./server";
export { parseFault, type Fault } from "./faults";
