#pragma once
// Runs one store awaitable to completion on a private io_context: for the command-line
// tools, which have no event loop of their own. Never use inside the daemon.

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include "base/result.h"
#include "store/store.h"

namespace tern::app {

template <typename T>
Result<T> RunSync(store::Task<T> task) {
  boost::asio::io_context ctx;
  std::optional<Result<T>> out;
  boost::asio::co_spawn(ctx, std::move(task), [&](std::exception_ptr e, Result<T> r) {
    if (e) {
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        out.emplace(Fail(ErrorCode::kInternal, ex.what()));
      }
    } else {
      out.emplace(std::move(r));
    }
  });
  ctx.run();
  return std::move(*out);
}

}  // namespace tern::app
