import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { CurrentPrincipal, Roles, type Principal } from '../auth/principal';
import { Problem } from '../http/problem';
import { CreateChannel, DisableChannel, ListChannels } from './channels';
import { CreateChannelDto } from './dto';

const channelId = new ParseUUIDPipe({
  exceptionFactory: () =>
    new Problem(400, 'Bad Request / 请求有误', 'the channel id must be a uuid / 渠道编号格式错误', [
      { field: 'id', message: 'must be a uuid / 须为 UUID' },
    ]),
});

/** Where reminders are delivered (webhooks, 企业微信 and 钉钉 group robots): the admin configures, auditors read. */
@Controller('api/admin/channels')
export class ChannelsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @Roles('admin', 'auditor')
  list() {
    return this.queries.execute(new ListChannels());
  }

  @Post()
  @Roles('admin')
  create(@CurrentPrincipal() admin: Principal, @Body() body: CreateChannelDto) {
    return this.commands.execute(new CreateChannel(admin, body));
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('admin')
  disable(@CurrentPrincipal() admin: Principal, @Param('id', channelId) id: string) {
    return this.commands.execute(new DisableChannel(admin, id));
  }
}
