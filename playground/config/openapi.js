// Read by `strapi openapi generate` (npm run openapi): its paths leave out the content API's
// prefix, so the server the document names carries it, relative to wherever Strapi runs.
module.exports = {
  servers: [{ url: '/api', description: 'The content API of the Strapi server (its api.rest.prefix)' }],
};
