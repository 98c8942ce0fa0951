import { Controller, Delete, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Roles, StaffAuthGuard } from '@citizen-desk/auth';
import { durableOf, replayRefusal, selectionOf } from './dead-letters.admin';
import { ServiceRuntime } from './service-runtime';

const kindQuery = { name: 'kind', required: false, enum: ['dead', 'parked'] } as const;
const seqQuery = {
  name: 'seq',
  required: false,
  type: Number,
  description: 'one message, by its seq in the dead-letter stream',
} as const;

/**
 * The dead letters and parked messages of this service's consumers, for admins: the same on every
 * service (service-kit). `npm run dead-letters` does the same from outside, talking to NATS.
 */
@ApiTags('admin')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No valid staff bearer token' })
@ApiForbiddenResponse({ description: 'Not an admin' })
@UseGuards(StaffAuthGuard)
@Roles('admin')
@Controller('admin/dead-letters')
export class DeadLettersController {
  constructor(private readonly runtime: ServiceRuntime) {}

  @Get()
  @ApiOperation({ summary: "How many dead letters and parked messages each of this service's consumers has" })
  async counts() {
    const ns = this.runtime.config.NATS_NAMESPACE;
    const ours = new Set(this.runtime.durables);
    const counts = (await this.runtime.messaging.deadLetters.counts()).filter((c) => ours.has(c.consumer));
    return [...ours].map((durable) => ({
      consumer: durable.slice(ns.length + 1),
      dead: counts.find((c) => c.consumer === durable && c.kind === 'dead')?.count ?? 0,
      parked: counts.find((c) => c.consumer === durable && c.kind === 'parked')?.count ?? 0,
    }));
  }

  @Get(':consumer')
  @ApiOperation({
    summary: 'A consumer’s dead letters, oldest first: error, original subject, headers, deliveries, time',
  })
  @ApiQuery(kindQuery)
  @ApiQuery(seqQuery)
  @ApiQuery({
    name: 'limit',
    required: false,
    type: Number,
    description: 'at most this many (100, at most 1000)',
  })
  @ApiNotFoundResponse({ description: 'This service has no such consumer' })
  list(@Param('consumer') consumer: string, @Query() query: Record<string, unknown>) {
    return this.runtime.messaging.deadLetters.list(this.durable(consumer), selectionOf(query, 100));
  }

  @Post(':consumer/replay')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Publishes them again to their original subjects, for this consumer only, and removes them here',
  })
  @ApiQuery(kindQuery)
  @ApiQuery(seqQuery)
  @ApiNotFoundResponse({ description: 'This service has no such consumer' })
  @ApiConflictResponse({
    description:
      "The service's own NATS user may not publish on the messages' original subjects: run `npm run dead-letters -- replay <consumer>` instead",
  })
  async replay(@Param('consumer') consumer: string, @Query() query: Record<string, unknown>) {
    const durable = this.durable(consumer);
    const selection = selectionOf(query);
    const { config, service } = this.runtime;
    if (config.NATS_USER === service) {
      const selected = await this.runtime.messaging.deadLetters.list(durable, selection);
      const refusal = replayRefusal({
        service,
        natsUser: config.NATS_USER,
        namespace: config.NATS_NAMESPACE,
        consumer,
        selection,
        subjects: selected.map((m) => m.subject),
      });
      if (refusal) throw refusal;
    }
    const replayed = await this.runtime.messaging.deadLetters.replay(durable, selection);
    return { replayed };
  }

  @Delete(':consumer')
  @ApiOperation({ summary: 'Drops them for good' })
  @ApiQuery(kindQuery)
  @ApiQuery(seqQuery)
  @ApiNotFoundResponse({ description: 'This service has no such consumer' })
  async drop(@Param('consumer') consumer: string, @Query() query: Record<string, unknown>) {
    const dropped = await this.runtime.messaging.deadLetters.drop(this.durable(consumer), selectionOf(query));
    return { dropped };
  }

  private durable(consumer: string): string {
    return durableOf(consumer, this.runtime.config.NATS_NAMESPACE, this.runtime.durables);
  }
}
