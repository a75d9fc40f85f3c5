import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Public } from '../auth/decorators/public.decorator';

// public/ sits at the repository root: two levels up from src/sse, three from dist/src/sse.
const PAGE = [
  join(__dirname, '..', '..', 'public', 'stream.html'),
  join(__dirname, '..', '..', '..', 'public', 'stream.html'),
].find((path) => existsSync(path));

/** GET /stream.html: a page to watch the stream in a browser (logs in, takes a ticket, shows events). */
@ApiExcludeController()
@Controller()
@Public()
export class StreamPageController {
  @Get('stream.html')
  page(@Res() res: Response): void {
    if (!PAGE) {
      res
        .status(404)
        .json({ statusCode: 404, error: 'Not Found', message: 'The stream page is not installed' });
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader(
      'Content-Security-Policy',
      "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'",
    );
    res.sendFile(PAGE);
  }
}
