import { Controller, Get, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '../auth/principal';
import { PageQueryDto } from '../http/paging';
import { GetInbox } from './queries';

@Controller('api/inbox')
export class InboxController {
  constructor(private readonly queries: QueryBus) {}

  /** One page of what waits (`limit`, `cursor`; `Link: rel="next"` while more waits) and the latest of what was done. */
  @Get()
  @Roles('submitter', 'coordinator', 'office')
  async inbox(@CurrentPrincipal() principal: Principal, @Query() page: PageQueryDto, @Res({ passthrough: true }) response: Response) {
    const answer = await this.queries.execute(new GetInbox(principal, page));
    if (answer.next)
      response.setHeader(
        'Link',
        `</api/inbox?${new URLSearchParams({ ...(page.limit ? { limit: String(page.limit) } : {}), cursor: answer.next })}>; rel="next"`,
      );
    return answer;
  }
}
