import { ForbiddenException } from '@nestjs/common';

/** The one ownership rule: only the author of a resource may change it. */
export function assertOwner(resource: { userId: number }, callerId: number): void {
  if (resource.userId !== callerId) {
    throw new ForbiddenException('Only the author may change this');
  }
}
