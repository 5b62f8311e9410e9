export { codatAuthorization, type CodatAuthOptions } from "./auth";
