import { TestBed } from '@angular/core/testing';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Subject } from 'rxjs';

import { ApiError } from './api-error';
import { Notifications } from './notifications.service';

describe('Notifications', () => {
  let open: ReturnType<typeof vi.fn>;
  let action: Subject<void>;

  beforeEach(() => {
    action = new Subject<void>();
    open = vi.fn(() => ({ onAction: () => action.asObservable() }));
    TestBed.configureTestingModule({ providers: [{ provide: MatSnackBar, useValue: { open } }] });
  });

  it('SEC-4: shows an ApiError with its user_action', () => {
    const error = new ApiError('rate_limited', 'Too many requests.', 'Wait a minute, then try again.', 429);

    TestBed.inject(Notifications).error(error);

    expect(open).toHaveBeenCalledWith(
      'Too many requests. Wait a minute, then try again.',
      'Dismiss',
      expect.objectContaining({ politeness: 'assertive' }),
    );
  });

  it('offers a Retry action that calls back', () => {
    const retry = vi.fn();

    TestBed.inject(Notifications).error(ApiError.fromResponse(0, null), { retry });
    action.next();

    expect(open).toHaveBeenCalledWith(expect.stringContaining('cannot be reached'), 'Retry', expect.anything());
    expect(retry).toHaveBeenCalledTimes(1);
  });

  it('uses a generic message for errors that are not ApiErrors', () => {
    TestBed.inject(Notifications).error(new TypeError('x is undefined'));

    expect(open).toHaveBeenCalledWith('Something went wrong. Try again.', 'Dismiss', expect.anything());
  });
});
