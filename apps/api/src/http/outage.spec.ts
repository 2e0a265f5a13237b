import { backendDown } from './outage';

describe('backendDown', () => {
  const socket = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code });

  it('names the database for a refused or broken connection to PostgreSQL, however wrapped', () => {
    expect(backendDown(socket('ECONNREFUSED'))).toBe('database');
    expect(backendDown(new Error('Connection terminated unexpectedly'))).toBe('database');
    expect(backendDown(new Error('timeout exceeded when trying to connect'))).toBe('database');
    expect(backendDown(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(
      'database',
    );
    // TypeORM keeps the driver's error beside its own; Node joins the attempts at several addresses.
    expect(backendDown(Object.assign(new Error('query failed'), { driverError: socket('ECONNRESET') }))).toBe('database');
    expect(backendDown(new AggregateError([socket('ECONNREFUSED'), socket('ECONNREFUSED')]))).toBe('database');
  });

  it('names Temporal for gRPC UNAVAILABLE and for the SDK errors around a failed connection', () => {
    const grpc = Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14, metadata: {} });
    expect(backendDown(grpc)).toBe('temporal');
    expect(backendDown(Object.assign(new Error('Failed to start workflow'), { name: 'ServiceError', cause: grpc }))).toBe('temporal');
    expect(backendDown(Object.assign(new Error('transport'), { name: 'ServiceError', cause: socket('ECONNREFUSED') }))).toBe('temporal');
  });

  it('leaves every other failure alone', () => {
    expect(backendDown(new Error('unexpected'))).toBeUndefined();
    expect(backendDown(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBeUndefined();
    expect(backendDown(Object.assign(new Error('5 NOT_FOUND'), { code: 5, metadata: {} }))).toBeUndefined();
    expect(backendDown('a string')).toBeUndefined();
  });
});
