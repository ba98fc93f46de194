/** Strapi's table headers write "field:ASC" in the URL; the plugin's API takes "field:asc". */
export const apiSort = (sort?: string) => {
  if (!sort) return undefined;
  const [field, order = 'ASC'] = sort.split(':');
  return `${field}:${order.toLowerCase()}`;
};
