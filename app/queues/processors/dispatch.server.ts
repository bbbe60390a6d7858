import { secretBoxFor } from "../../lib/secret-box.server";
import { dispatchAllocation } from "../../dispatch/dispatch-allocation.server";
import type { HandlerContext } from "../../inbox/topic-handler";
import type { DispatchJob } from "../payloads";

export const processDispatch = (ctx: HandlerContext, job: DispatchJob) => dispatchAllocation({ db: ctx.db, logger: ctx.logger, box: secretBoxFor(ctx.config) }, job.allocationId, job.correlationId, { retry: job.retry });
