import { BadRequestException, Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { LiveContent } from '../content-store/live-content';
import { understand } from './understand';

const understandRequest = z.object({ text: z.string().min(1).max(2000) });

/**
 * What the bot makes of a phrase, against the content in use. Editors try phrases here before
 * publishing; it reveals nothing about citizens, so it needs no account.
 */
@ApiTags('dialog')
@Controller('dialog')
export class UnderstandController {
  constructor(private readonly content: LiveContent) {}

  @Post('understand')
  @HttpCode(200)
  @ApiBody({
    schema: {
      type: 'object',
      properties: { text: { type: 'string', example: 'porez na nepokretnost' } },
      required: ['text'],
    },
  })
  @ApiOkResponse({
    description:
      '{ topic: string | null, confidence: 0..1, candidates: string[] (to offer when topic is null), ' +
      'alsoTopic: string | null, language: string | null, contentVersion }',
  })
  understand(@Body() body: unknown) {
    const parsed = understandRequest.safeParse(body);
    if (!parsed.success) throw new BadRequestException('expected {"text": "<1 to 2000 characters>"}');
    const { model, content } = this.content.current();
    const result = understand(parsed.data.text, model);
    return {
      topic: result.topic,
      confidence: result.confidence,
      candidates: result.candidates,
      alsoTopic: result.alsoTopic,
      language: result.language,
      contentVersion: content.version,
    };
  }
}
