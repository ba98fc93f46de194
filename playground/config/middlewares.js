module.exports = [
  'strapi::logger',
  'strapi::errors',
  'strapi::security',
  'strapi::cors',
  'strapi::poweredBy',
  'strapi::query',
  // Inventory pushes carry up to 2 MB, and the plugin names a larger one (docs/api.md, "Inventory"); Strapi's default JSON limit is 1 MB.
  { name: 'strapi::body', config: { jsonLimit: '4mb' } },
  'strapi::session',
  'strapi::favicon',
  'strapi::public',
];
