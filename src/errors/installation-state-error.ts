import { AltegioError } from './altegio-error';

/**
 * `marketplace.activate` found nothing to activate: the location has no installation of your app
 * (`status: null`: the user must connect it from the Marketplace), or it is not pending (`'freezed'`:
 * a payment reactivates it; or another state). Nothing was sent.
 */
export class InstallationStateError extends AltegioError {
  override name = 'InstallationStateError' as const;
  /** The location (`salon_id`). */
  readonly locationId: number;
  /** The installation's status as read, or `null` when there is no installation. */
  readonly status: string | null;

  constructor(operation: string, locationId: number, status: string | null) {
    super(
      status === null
        ? `${operation}: location ${locationId} has no installation of your app: the user must connect it from the Marketplace.`
        : `${operation}: the installation in location ${locationId} is "${status}", not pending: nothing to activate (a frozen one is reactivated by a payment).`,
    );
    this.locationId = locationId;
    this.status = status;
  }
}
