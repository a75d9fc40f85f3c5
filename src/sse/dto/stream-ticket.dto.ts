import { ApiProperty } from '@nestjs/swagger';

export class StreamTicketDto {
  @ApiProperty({
    example: 'kY3n0y6mZ3q1cJ8hXv2P4Qe7wR9tU1iO5pA6sD8fG0h',
    description:
      'Open /api/events/stream?ticket=… with it within expires_in seconds; it opens one stream, and the ' +
      "EventSource's own reconnects of that stream (with Last-Event-ID) while it is open and shortly after",
  })
  ticket: string;

  @ApiProperty({ example: 60, description: 'Seconds the ticket stays valid' })
  expires_in: number;
}
