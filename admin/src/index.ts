import { PLUGIN_ID } from '../../shared/constants';

export default {
  register(app: any) {
    app.registerPlugin({ id: PLUGIN_ID, name: 'License Manager' });
  },
};
