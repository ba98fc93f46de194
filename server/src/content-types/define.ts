/** How the plugin's content types are written down (./index): hidden from Strapi's editors, relations as foreign keys. */
import { UID } from '../../../shared/constants';

const hidden = {
  'content-manager': { visible: false },
  'content-type-builder': { visible: false },
};

type Target = (typeof UID)[keyof typeof UID];
export const manyToOne = (target: Target, extra: Record<string, unknown> = {}) => ({
  type: 'relation',
  relation: 'manyToOne',
  target,
  useJoinTable: false,
  ...extra,
});

export const collection = (
  singularName: string,
  pluralName: string,
  displayName: string,
  attributes: Record<string, unknown>,
  indexes: Array<{ name: string; columns: string[]; type?: 'unique' }> = [],
) => ({
  schema: {
    kind: 'collectionType',
    collectionName: `license_manager_${pluralName.replace(/-/g, '_')}`,
    info: { singularName, pluralName, displayName },
    options: { draftAndPublish: false },
    pluginOptions: hidden,
    attributes,
    indexes,
  },
});

/** A count the server keeps: never written by a client, 0 on a new row and on rows from before it existed. A new object each (Strapi writes its column name into it). */
export const seatCount = () => ({ type: 'integer', min: 0, default: 0, private: true, configurable: false, column: { defaultTo: 0, notNullable: true } });

export const text = (maxLength = 255, extra: Record<string, unknown> = {}) => ({ type: 'string', maxLength, ...extra });
