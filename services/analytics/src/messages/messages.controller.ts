import { BadRequestException, Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { MessagesPerHourRepository } from './messages-per-hour.repository';

function parseInstant(name: string, value?: string): Date | undefined {
  if (value === undefined || value === '') return undefined;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new BadRequestException(`${name} must be an ISO 8601 time`);
  return d;
}

@ApiTags('analytics')
@Controller('analytics')
export class MessagesController {
  constructor(private readonly repo: MessagesPerHourRepository) {}

  @Get('messages')
  @ApiQuery({ name: 'from', required: false, description: 'ISO 8601, inclusive' })
  @ApiQuery({ name: 'to', required: false, description: 'ISO 8601, exclusive' })
  @ApiOkResponse({ description: 'Citizen messages received per hour' })
  async messages(@Query('from') from?: string, @Query('to') to?: string) {
    const hours = await this.repo.list(parseInstant('from', from), parseInstant('to', to));
    return { bucket: 'hour', total: hours.reduce((n, h) => n + h.messages, 0), hours };
  }
}
