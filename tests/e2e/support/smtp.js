/**
 * The end-to-end suite's mail server on 127.0.0.1 (smtp-server): it accepts every message and
 * throws it away, except for recipients whose address starts with "refused.", which it refuses
 * (550), as a mailbox that does not exist is refused. The playground's e-mail provider is pointed
 * at it through SMTP_HOST and SMTP_PORT (playground/config/plugins.js).
 */
'use strict';

const { SMTPServer } = require('smtp-server');

const startSmtp = async () => {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.toLowerCase().startsWith('refused.')) {
        return callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
      }
      return callback();
    },
    onData(stream, _session, callback) {
      stream.on('end', () => callback());
      stream.resume();
    },
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return { host: '127.0.0.1', port: server.server.address().port, stop: () => new Promise((resolve) => server.close(resolve)) };
};

module.exports = { startSmtp };
