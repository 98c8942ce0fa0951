import { AdminPassword } from '../../admin-bootstrap';

export interface BootstrapAdminCommand {
  email: string;
  /** Asked for only when the admin is to be created, so that a generated one is never made in vain. */
  password: () => AdminPassword;
}
