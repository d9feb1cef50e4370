import { Controller, Get } from '@nestjs/common';
import { RequireScopes } from '../auth/require-scopes.decorator';

/** Test fixture: the Nest declaration of `GET /n/:id` that the native-route specs serve natively. */
@Controller('n')
export class DeclaringController {
  @RequireScopes('cache:read')
  @Get(':id')
  declared() {
    return { servedBy: 'nest' };
  }
}
