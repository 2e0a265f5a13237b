import { allowedMethods, routesOf } from './method-not-allowed';

describe('the methods a documented path allows', () => {
  const routes = routesOf({
    '/api/reports': { get: {}, post: {} },
    '/api/reports/{id}': { get: {} },
    '/api/reports/{id}/approve': { post: {} },
    '/api/targets/{taskId}/history.json': { get: {} },
  });

  it('lists them for the path and its parameters, HEAD beside GET', () => {
    expect(allowedMethods(routes, '/api/reports')).toEqual(['GET', 'HEAD', 'POST']);
    expect(allowedMethods(routes, '/api/reports/7d2c')).toEqual(['GET', 'HEAD']);
    expect(allowedMethods(routes, '/api/reports/7d2c/approve')).toEqual(['POST']);
    expect(allowedMethods(routes, '/api/targets/P01/history.json')).toEqual(['GET', 'HEAD']);
  });

  it('knows no path outside the document (a parameter is one segment; dots are dots)', () => {
    expect(allowedMethods(routes, '/api/nothing')).toBeUndefined();
    expect(allowedMethods(routes, '/api/reports/a/b')).toBeUndefined();
    expect(allowedMethods(routes, '/api/targets/P01/historyxjson')).toBeUndefined();
  });
});
