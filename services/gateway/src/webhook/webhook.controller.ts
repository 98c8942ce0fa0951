import { Controller, Headers, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint } from '@nestjs/swagger';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { WebhookService } from './webhook.service';

@Controller('viber')
export class WebhookController {
  constructor(private readonly webhook: WebhookService) {}

  /**
   * The signature is an HMAC of the exact bytes Viber sent, so every body reaches the handler as a
   * raw Buffer and is parsed only after the signature checks out. Fastify answers 413 above the limit.
   */
  static keepRawBodies(app: NestFastifyApplication, bodyLimit: number): void {
    const fastify = app.getHttpAdapter().getInstance();
    fastify.removeAllContentTypeParsers();
    fastify.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_req, body, done) =>
      done(null, body),
    );
  }

  @Post('webhook')
  @ApiExcludeEndpoint()
  async receive(
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
    @Headers('x-viber-content-signature') signature: string | undefined,
  ): Promise<void> {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const result = await this.webhook.receive(raw, signature, req.headers);
    reply.status(result.status).header('content-type', 'application/json').send(JSON.stringify(result.body));
  }
}
