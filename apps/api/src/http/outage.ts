/** A backend the API cannot do without. */
export type Backend = 'database' | 'temporal';

// Socket-level failures: nothing answers at the address, or the connection broke.
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);
// SQLSTATE class 08 (connection exception), 57P01–57P03 (the server shuts down, crashed, or is
// starting), 53300 (no connection slot left).
const POSTGRES_DOWN = /^(08...|57P0[123]|53300)$/;
// What node-postgres says when a connection dies or none can be had in time.
const POSTGRES_GONE =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection terminated unexpectedly/;
// gRPC's UNAVAILABLE: the Temporal frontend cannot be reached.
const GRPC_UNAVAILABLE = 14;

/**
 * The backend an error says is down (a connection to PostgreSQL or Temporal failed), if it says
 * so; any other error is not an outage. Follows causes: the SDK and TypeORM wrap what the
 * socket reported.
 */
export function backendDown(error: unknown, depth = 0): Backend | undefined {
  if (depth > 6 || error === null || typeof error !== 'object') return undefined;
  const { code, name, message, cause, driverError, errors } = error as {
    code?: unknown;
    name?: unknown;
    message?: unknown;
    cause?: unknown;
    driverError?: unknown;
    errors?: unknown;
  };
  if (code === GRPC_UNAVAILABLE && 'metadata' in error) return 'temporal';
  // The Temporal SDK's own errors name the service; what they wrap decides whether it is down.
  const inner = [cause, driverError, ...(Array.isArray(errors) ? errors : [])].map((e) => backendDown(e, depth + 1)).find(Boolean);
  if (inner) return name === 'ServiceError' || name === 'TransportError' ? 'temporal' : inner;
  if (name === 'TransportError') return 'temporal';
  if (typeof code === 'string' && (NETWORK.has(code) || POSTGRES_DOWN.test(code))) return 'database';
  if (typeof message === 'string' && POSTGRES_GONE.test(message)) return 'database';
  return undefined;
}
