/**
 * The admin panel's languages besides English: each user picks one in their profile, and the
 * end-to-end suite checks the plugin's French (validation messages included).
 */
export default {
  config: {
    locales: ['fr'],
  },
};
