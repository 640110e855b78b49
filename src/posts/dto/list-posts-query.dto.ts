import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { ToInteger } from '../../common/decimal-integer.js';
import { PageQueryDto } from '../../common/pagination/page-query.dto.js';

export class ListPostsQueryDto extends PageQueryDto {
  /**
   * Only this author's posts. Like any filter, an id that matches no author
   * gives an empty page, not a 404.
   */
  @IsOptional()
  @ToInteger()
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  authorId?: number;
}
