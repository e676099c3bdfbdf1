// Imported first by the Electron entry: the gateway's heap settings must precede every other module's allocations.
import { tuneHeapForGateway } from '../../bridge/heap-tuning.js'
import { tuneJitForGateway } from '../../bridge/jit-tuning.js'

tuneHeapForGateway()
tuneJitForGateway()
