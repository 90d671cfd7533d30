"""Leave requests (đơn xin nghỉ phép): leave types, balances, cancellation, who is away."""
