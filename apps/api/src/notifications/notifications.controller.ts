import { Controller, Get, HttpCode, Param, Post, Query, type PipeTransform } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { CurrentPrincipal, Roles, type Principal } from '../auth/principal';
import { Problem } from '../http/problem';
import { ListNotificationsQueryDto } from './dto';
import { CountUnreadNotifications, ListNotifications, MarkNotificationRead } from './notifications';

/** `<event id>:<n>`: the id the projector gives a notification. */
const NOTIFICATION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}:\d{1,3}$/;

class NotificationIdPipe implements PipeTransform<string, string> {
  readonly openApiSchema = { type: 'string', pattern: NOTIFICATION_ID.source, example: '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f:0' };

  transform(value: string): string {
    if (!NOTIFICATION_ID.test(value))
      throw new Problem(400, 'Bad Request / 请求有误', 'the notification id is not valid / 通知编号格式错误', [
        { field: 'id', message: 'not a valid id / 编号无效' },
      ]);
    return value;
  }
}

/** The notification centre: what asks something of the reader, newest first. */
@Controller('api/notifications')
export class NotificationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @Roles('submitter', 'coordinator', 'office', 'auditor', 'admin')
  list(@CurrentPrincipal() principal: Principal, @Query() filter: ListNotificationsQueryDto) {
    return this.queries.execute(new ListNotifications(principal, filter));
  }

  @Get('unread-count')
  @Roles('submitter', 'coordinator', 'office', 'auditor', 'admin')
  unreadCount(@CurrentPrincipal() principal: Principal) {
    return this.queries.execute(new CountUnreadNotifications(principal));
  }

  @Post(':id/read')
  @HttpCode(200)
  @Roles('submitter', 'coordinator', 'office', 'auditor', 'admin')
  read(@CurrentPrincipal() principal: Principal, @Param('id', new NotificationIdPipe()) id: string) {
    return this.commands.execute(new MarkNotificationRead(principal, id));
  }
}
