const path = require('path');

// Loads the plugin from the repository root, as a user's app loads it from node_modules.
module.exports = ({ env }) => ({
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
    },
  },
});
