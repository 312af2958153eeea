/**
 * E-mail through an SMTP server with nodemailer (the only file that knows it). The connection is
 * opened through the outbound allowlist; the Message-ID is derived from the notification id, so a
 * resent message is recognisable as the same one.
 */
import nodemailer from 'nodemailer';
import { connectGuarded } from '../../net/guarded-connect.js';
import type { SmtpChannel } from '../channel-schema.js';
import type { Notifier } from './notifier.js';

const DEFAULT_PORTS = { starttls: 587, tls: 465, none: 25 } as const;

/** `<id.alert@example.fr>`, on the sender's domain. */
export function messageIdFor(notificationId: string, from: string): string {
  const domain = from.split('@')[1] ?? 'vigie.invalid';
  return `<${notificationId}.alert@${domain}>`;
}

export const sendSmtp: Notifier<SmtpChannel> = async (deps, channel, notification) => {
  const port = channel.port ?? DEFAULT_PORTS[channel.tls];
  const purpose = `smtp ${channel.host}:${port}`;
  const password =
    channel.password_secret === undefined ? undefined : await deps.secret(channel.password_secret);
  const transport = nodemailer.createTransport({
    host: channel.host,
    port,
    secure: channel.tls === 'tls',
    requireTLS: channel.tls === 'starttls',
    ignoreTLS: channel.tls === 'none',
    tls: { rejectUnauthorized: channel.tls_verify, servername: channel.host },
    ...(channel.username === undefined ? {} : { auth: { user: channel.username, pass: password ?? '' } }),
    connectionTimeout: deps.timeoutMs,
    greetingTimeout: deps.timeoutMs,
    socketTimeout: deps.timeoutMs,
    logger: false,
    debug: false,
    getSocket: (_options, callback) => {
      connectGuarded(deps.outbound, { host: channel.host, port, purpose, timeoutMs: deps.timeoutMs }).then(
        (socket) => callback(null, { connection: socket }),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), false),
      );
    },
  });
  try {
    await transport.sendMail({
      from: channel.from,
      to: [...channel.to],
      subject: notification.message.title,
      text: notification.message.text,
      messageId: messageIdFor(notification.id, channel.from),
      headers: { 'X-Vigie-Notification-Id': notification.id },
    });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `${purpose}: ${typeof code === 'string' && !reason.includes(code) ? `${code}: ` : ''}${reason}`,
      {
        cause: error,
      },
    );
  } finally {
    transport.close();
  }
};
