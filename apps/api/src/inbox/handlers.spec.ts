import { plainToInstance } from 'class-transformer';
import { PageQueryDto } from '../http/paging';
import { DEFAULT_WAITING_PAGE, waitingPageRequest } from './handlers';

describe('the inbox page asked for', () => {
  it('is the default size when the query names no limit, although the validated query carries limit: undefined', () => {
    const query = plainToInstance(PageQueryDto, {});
    expect(Object.keys(query)).toContain('limit');
    expect(waitingPageRequest(query)).toEqual({ limit: DEFAULT_WAITING_PAGE });
  });

  it('keeps the limit and the cursor the client gave', () => {
    expect(waitingPageRequest(plainToInstance(PageQueryDto, { limit: '7', cursor: 'abc' }))).toEqual({ limit: 7, cursor: 'abc' });
  });
});
