const path = require('path');

// Loads the plugin from the repository root, as a user's app loads it from node_modules.
/**
 * E-mail (renewal reminders) through @strapi/provider-email-nodemailer: to the SMTP server that
 * SMTP_HOST and SMTP_PORT name (a local catcher such as Mailpit, or the tests' own server; no
 * authentication, no TLS), otherwise into the log. Never to the internet.
 */
const emailTransport = (env) => {
  if (env('SMTP_HOST') && env('SMTP_PORT')) {
    // A silent server is hung up on well before the reminders give a delivery up (half their
    // claim window): a message it accepted only after that would arrive twice once retried.
    const timeout = env.int('SMTP_TIMEOUT_MS', 60000);
    return {
      host: env('SMTP_HOST'),
      port: env.int('SMTP_PORT'),
      secure: false,
      ignoreTLS: true,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
    };
  }
  // nodemailer's JSON transport builds the message without any connection; its logger prints
  // each message's envelope (from, to, message id) to the console.
  return { jsonTransport: true, logger: true };
};

module.exports = ({ env }) => ({
  email: {
    config: {
      provider: 'nodemailer',
      providerOptions: emailTransport(env),
      settings: {
        defaultFrom: env('EMAIL_FROM', 'License Manager <license-manager@playground.localhost>'),
        defaultReplyTo: env('EMAIL_FROM', 'license-manager@playground.localhost'),
      },
    },
  },
  'users-permissions': {
    config: {
      jwtSecret: env('JWT_SECRET', 'playground-users-permissions-jwt-secret'),
    },
  },
  'license-manager': {
    enabled: true,
    resolve: path.resolve(__dirname, '..', '..'),
    config: {
      encryptionKey: env('LICENSE_MANAGER_ENCRYPTION_KEY'),
      // Comma-separated; readable during a key rotation (README, "License keys").
      previousEncryptionKeys: env.array('LICENSE_MANAGER_PREVIOUS_ENCRYPTION_KEYS', []),
      defaultCurrency: env('LICENSE_MANAGER_DEFAULT_CURRENCY', 'EUR'),
      expiringWithinDays: env.int('LICENSE_MANAGER_EXPIRING_WITHIN_DAYS', 30),
      // Persons get a Users & Permissions user, whose own licenses GET /api/license-manager/me/licenses answers.
      persons: { userRelation: env.bool('LICENSE_MANAGER_PERSONS_USER_RELATION', true) },
    },
  },
});
