import { Button, Modal } from '@strapi/design-system';
import { useT } from '../utils/translations';

/** A form window's footer: "Cancel" closes it, "Save" submits the form. */
export const FormModalFooter = ({ isSaving }: { isSaving: boolean }) => {
  const t = useT();
  return (
    <Modal.Footer>
      <Modal.Close>
        <Button variant="tertiary">{t('action.cancel')}</Button>
      </Modal.Close>
      <Button type="submit" loading={isSaving}>
        {t('action.save')}
      </Button>
    </Modal.Footer>
  );
};
