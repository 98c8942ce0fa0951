export interface LoginCommand {
  email: string;
  password: string;
}
