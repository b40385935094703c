/* Internal: find a metric family by name (without the prefix). */
#ifndef SVCI_METRICS_INT_H
#define SVCI_METRICS_INT_H

#include "svc/metrics.h"

svc_metric *svci_metrics_find(svc_metrics *m, const char *name);

#endif
